;;; kpa.el --- KrakenD Plugin Analyzer for eglot and lsp-mode  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools
;; URL: (the kpa repository, clients/emacs)

;;; Commentary:

;; kpa finds why a KrakenD Go plugin will not load.  This file starts its language server,
;; `kpa lsp --stdio', for Go files, go.mod, go.sum, krakend*.json and .kpa.json.
;;
;; eglot (built in from Emacs 29; `elpa-eglot' on Debian 12):
;;
;;   (require 'kpa)
;;   (kpa-eglot-setup)
;;   (add-hook 'go-mode-hook #'eglot-ensure)            ; and any of `kpa-eglot-modes'
;;
;; eglot runs one server per buffer: when kpa manages Go buffers, gopls does not.  To keep gopls
;; for Go, set `kpa-eglot-modes' to the non-Go modes, or use lsp-mode, which runs kpa beside gopls.
;;
;; lsp-mode:
;;
;;   (require 'kpa)
;;   (kpa-lsp-mode-setup)                                ; then M-x lsp as usual
;;
;; Settings (`kpa-krakend-version', `kpa-flavour', `kpa-arch', `kpa-rules') are sent as the `kpa'
;; section: as initializationOptions, and on workspace/configuration requests.  Empty values leave
;; the choice to the project's .kpa.json, then to kpa's defaults.

;;; Code:

(require 'cl-lib)

(defgroup kpa nil
  "KrakenD Plugin Analyzer."
  :group 'tools
  :prefix "kpa-")

(defcustom kpa-server-command '("kpa" "lsp" "--stdio")
  "Command that starts the kpa language server, as a list (PROGRAM ARGS...)."
  :type '(repeat string))

(defcustom kpa-krakend-version nil
  "KrakenD release to check plugins against: \"X.Y.Z\", \"X.Y\" or \"latest\".
nil: the target of the project's .kpa.json, else the newest release kpa knows."
  :type '(choice (const :tag "From .kpa.json or latest" nil) string))

(defcustom kpa-flavour nil
  "Which KrakenD build runs the plugin.
\"alpine\" (the Docker image, musl) or \"linux-generic\" (deb/rpm/tgz, glibc)."
  :type '(choice (const :tag "From .kpa.json or alpine" nil) (const "alpine") (const "linux-generic")))

(defcustom kpa-arch nil
  "CPU architecture of the KrakenD that loads the plugin: \"amd64\" or \"arm64\"."
  :type '(choice (const :tag "From .kpa.json or amd64" nil) (const "amd64") (const "arm64")))

(defcustom kpa-rules nil
  "Severity per rule, an alist of (RULE . SEVERITY) strings.
For example ((\"KPA312\" . \"off\")).  RULE is an id or a rule name;
SEVERITY is \"error\", \"warning\", \"note\" or \"off\"."
  :type '(alist :key-type string :value-type (choice (const "error") (const "warning") (const "note") (const "off"))))

(defcustom kpa-eglot-modes
  '(go-mode go-ts-mode go-dot-mod-mode go-mod-ts-mode kpa-go-sum-mode kpa-krakend-json-mode)
  "Major modes whose buffers eglot hands to kpa (see `kpa-eglot-setup')."
  :type '(repeat symbol))

(defconst kpa-file-name-regexp
  (rx (or (seq ".go" eos)
          (seq (or bos "/") (or "go.mod" "go.sum" ".kpa.json") eos)
          (seq (or bos "/") "krakend" (* (not (any "/"))) ".json" eos)))
  "File names kpa analyses.")

(defun kpa-wants-file-p (file-name)
  "Non-nil when kpa analyses FILE-NAME."
  (and file-name (string-match-p kpa-file-name-regexp file-name)))

(defun kpa-settings ()
  "The `kpa' settings section, as a plist for the JSON encoder."
  (append
   (and kpa-krakend-version (list :krakendVersion kpa-krakend-version))
   (and kpa-flavour (list :flavour kpa-flavour))
   (and kpa-arch (list :arch kpa-arch))
   (and kpa-rules
        (list :rules (cl-loop for (rule . severity) in kpa-rules
                              append (list (intern (concat ":" rule)) severity))))))

;;;; Major modes for the files no common mode covers

(define-derived-mode kpa-go-sum-mode fundamental-mode "go.sum"
  "Major mode for go.sum files, so that an LSP client can start kpa for them.")

(define-derived-mode kpa-krakend-json-mode js-mode "KrakenD"
  "Major mode for krakend*.json and .kpa.json files.
Its own mode lets an LSP client start kpa for these files and not for any JSON.")

;;;###autoload
(add-to-list 'auto-mode-alist '("/go\\.sum\\'" . kpa-go-sum-mode))
;;;###autoload
(add-to-list 'auto-mode-alist '("/\\(krakend[^/]*\\|\\.kpa\\)\\.json\\'" . kpa-krakend-json-mode))

;;;; eglot

(defvar eglot-server-programs)

(defun kpa--eglot-contact ()
  "The eglot CONTACT for kpa: the command, the settings as initializationOptions."
  (append kpa-server-command
          (list :initializationOptions
                (lambda (_server) (list :kpa (or (kpa-settings) (make-hash-table)))))))

;;;###autoload
(defun kpa-eglot-setup ()
  "Register kpa in `eglot-server-programs' for `kpa-eglot-modes'.
Settings go as initializationOptions: `eglot-reconnect' after a change.
A `:kpa' section of `eglot-workspace-configuration' (.dir-locals.el), when
present, wins: the server asks for it with workspace/configuration."
  (require 'eglot)
  (setq eglot-server-programs
        (cons (cons kpa-eglot-modes (kpa--eglot-contact))
              (cl-remove-if (lambda (entry) (equal (car entry) kpa-eglot-modes))
                            eglot-server-programs))))

;;;; lsp-mode

(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(defvar lsp-language-id-configuration)

;;;###autoload
(defun kpa-lsp-mode-setup ()
  "Register kpa as an lsp-mode client that runs beside gopls (an add-on server)."
  (require 'lsp-mode)
  (dolist (entry '((kpa-go-sum-mode . "go.sum") (kpa-krakend-json-mode . "json") (go-dot-mod-mode . "go.mod")))
    (add-to-list 'lsp-language-id-configuration entry))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () kpa-server-command))
    :activation-fn (lambda (file-name _mode) (kpa-wants-file-p file-name))
    :add-on? t
    :server-id 'kpa
    ;; lsp-mode has no kpa section to answer workspace/configuration with, so the server keeps these
    ;; initializationOptions; after changing a kpa-* variable, M-x lsp-workspace-restart.
    :initialization-options (lambda () (list :kpa (or (kpa-settings) (make-hash-table)))))))

(provide 'kpa)
;;; kpa.el ends here
