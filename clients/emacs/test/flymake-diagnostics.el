;;; flymake-diagnostics.el --- kpa through eglot and flymake, in emacs --batch  -*- lexical-binding: t; -*-

;; Run by test/e2e/clients-emacs.test.ts:
;;   emacs --batch -Q -l clients/emacs/test/flymake-diagnostics.el
;; Environment: KPA_EMACS_DIR (clients/emacs), KPA_CMD (JSON array), KPA_ROOT (the workspace copy).
;; Opens plugin/main.go and krakend.json (one git repository: one eglot project) with eglot, waits until flymake shows kpa's findings, and prints
;; one line "KPA-RESULT <json>" with what it saw.

;;; Code:

(require 'json)
;; Debian's elpa-eglot (and the newer project/xref it needs) live in /usr/share/emacs/site-lisp/elpa,
;; which `emacs -Q' leaves out of load-path; an eglot already on load-path (Emacs 29+) is used as is.
(unless (locate-library "eglot")
  (dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
    (add-to-list 'load-path dir)))
(require 'eglot)
(require 'flymake)
(add-to-list 'load-path (getenv "KPA_EMACS_DIR"))
(require 'kpa)

;; go-mode is a third-party package, not part of Emacs 28: a stand-in with the same name is enough here.
(unless (fboundp 'go-mode)
  (define-derived-mode go-mode prog-mode "Go")
  (add-to-list 'auto-mode-alist '("\\.go\\'" . go-mode)))

;; The settings travel as initializationOptions: KPA301 lowered to a note shows they arrived.
(setq kpa-server-command (append (json-read-from-string (getenv "KPA_CMD")) nil)
      kpa-krakend-version "2.13"
      kpa-rules '(("KPA301" . "note")))
(kpa-eglot-setup)

(defvar kpa-test-result nil)

(defun kpa-test-wait (predicate seconds)
  "Process events until PREDICATE holds or SECONDS pass; non-nil when it held."
  (let ((deadline (+ (float-time) seconds)) ok)
    (while (and (not (setq ok (funcall predicate))) (< (float-time) deadline))
      ;; flymake starts its backends on idle or after a command; neither happens in batch mode.
      (when (and (bound-and-true-p flymake-mode) (not (flymake-running-backends)))
        (flymake-start))
      (accept-process-output nil 0.05))
    ok))

(defun kpa-test-findings ()
  "Flymake's diagnostics in the current buffer as alists."
  (mapcar (lambda (d)
            (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                  (cons 'type (symbol-name (flymake-diagnostic-type d)))
                  (cons 'text (flymake-diagnostic-text d))))
          (flymake-diagnostics)))

(defun kpa-test-open (relative)
  "Visit RELATIVE in the workspace, connect eglot, wait for flymake; return what was seen."
  (find-file (expand-file-name relative (getenv "KPA_ROOT")))
  ;; eglot-ensure waits for a command loop that batch mode does not run; connect directly instead.
  (unless (eglot-current-server)
    (apply #'eglot (eglot--guess-contact)))
  (let ((ok (kpa-test-wait (lambda () (and (eglot-managed-p) (kpa-test-findings))) 30)))
    (list (cons 'file relative)
          (cons 'mode (symbol-name major-mode))
          (cons 'managed (and (eglot-managed-p) t))
          (cons 'server (let ((s (eglot-current-server))) (and s (plist-get (eglot--server-info s) :name))))
          (cons 'waited (and ok t))
          (cons 'findings (kpa-test-findings)))))

(condition-case err
    (setq kpa-test-result
          (list (cons 'emacs emacs-version)
                (cons 'go (kpa-test-open "plugin/main.go"))
                (cons 'config (kpa-test-open "krakend.json"))
                (cons 'servers (length (hash-table-values eglot--servers-by-project)))))
  (error (setq kpa-test-result (list (cons 'error (error-message-string err))))))

(princ (format "KPA-RESULT %s\n" (json-encode kpa-test-result)))
(ignore-errors (eglot-shutdown-all))
(kill-emacs 0)

;;; flymake-diagnostics.el ends here
