-- kpa for Neovim: starts `kpa lsp --stdio` for Go files, go.mod, go.sum, krakend*.json and .kpa.json.
--
--   require('kpa').setup({
--     cmd = { 'kpa', 'lsp', '--stdio' },                 -- or { 'node', '/path/to/kpa/bin/kpa.js', 'lsp', '--stdio' }
--     settings = { kpa = { krakendVersion = '2.13', flavour = 'alpine', arch = 'amd64', rules = { KPA312 = 'off' } } },
--   })
--
-- Neovim >= 0.11 gets vim.lsp.config('kpa', …) + vim.lsp.enable('kpa'); older versions (0.7+) get
-- vim.lsp.start_client with autocmds, one client per project root, as nvim-lspconfig does.
local M = {}

M.default_config = {
  name = 'kpa',
  cmd = { 'kpa', 'lsp', '--stdio' },
  -- go.sum is `gosum` from Neovim 0.9 on (`hercules` before); the name patterns below catch it either way.
  filetypes = { 'go', 'gomod', 'gosum', 'json', 'jsonc' },
  root_markers = { 'go.mod', '.kpa.json', '.git' },
  -- What the server reads under `kpa` (workspace/configuration); empty values mean ".kpa.json, else kpa's default".
  settings = { kpa = vim.empty_dict and vim.empty_dict() or {} },
}

-- The names kpa analyses, whatever their filetype: JSON files other than these are left alone.
local NAME_PATTERNS = { '%.go$', '^go%.mod$', '^go%.sum$', '^krakend.*%.json$', '^%.kpa%.json$' }
local AUTOCMD_PATTERNS = { '*.go', 'go.mod', 'go.sum', 'krakend*.json', '.kpa.json' }

local function basename(path)
  return path:match('[^/\\]+$') or path
end

--- Whether kpa analyses the file `path` (by its name).
function M.wants(path)
  local name = basename(path)
  for _, pattern in ipairs(NAME_PATTERNS) do
    if name:match(pattern) then
      return true
    end
  end
  return false
end

--- The nearest folder at or above `path` holding one of `markers`; else the file's folder.
function M.find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers) do
    local file = vim.fn.findfile(marker, dir .. ';')
    if file ~= '' then
      return vim.fn.fnamemodify(file, ':p:h')
    end
    local folder = vim.fn.finddir(marker, dir .. ';')
    if folder ~= '' then
      -- ':p' of a folder ends in '/', so ':h' only drops that; a second ':h' gives its parent.
      return vim.fn.fnamemodify(folder, ':p:h:h')
    end
  end
  return dir
end

--- The languageId kpa is sent: Go's own ids for go.mod/go.sum (their Neovim filetypes differ by version).
local function language_id(bufnr, filetype)
  local name = basename(vim.api.nvim_buf_get_name(bufnr))
  if name == 'go.mod' then
    return 'go.mod'
  elseif name == 'go.sum' then
    return 'go.sum'
  end
  return filetype
end

local function merged(opts)
  return vim.tbl_deep_extend('force', vim.deepcopy(M.default_config), opts or {})
end

-- Neovim >= 0.11: the built-in configuration registry.
local function setup_native(config)
  vim.lsp.config('kpa', {
    cmd = config.cmd,
    filetypes = config.filetypes,
    settings = config.settings,
    init_options = { kpa = config.settings.kpa },
    get_language_id = language_id,
    root_dir = function(bufnr, on_dir)
      local path = vim.api.nvim_buf_get_name(bufnr)
      -- Not calling on_dir keeps kpa off this buffer (any other JSON file).
      if M.wants(path) then
        on_dir(M.find_root(path, config.root_markers))
      end
    end,
  })
  vim.lsp.enable('kpa')
end

-- Neovim 0.7 – 0.10: one client per root, attached from autocmds.
local clients_by_root = {}

function M.attach(bufnr, config)
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' or not M.wants(path) then
    return nil
  end
  local root = M.find_root(path, config.root_markers)
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = config.name,
      cmd = config.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      settings = config.settings,
      init_options = { kpa = config.settings.kpa },
      get_language_id = language_id,
      on_exit = function()
        clients_by_root[root] = nil
      end,
    })
    if not id then
      vim.notify('kpa: the language server could not start (' .. table.concat(config.cmd, ' ') .. ')', vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function setup_autocmds(config)
  local group = vim.api.nvim_create_augroup('kpa', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = AUTOCMD_PATTERNS,
    callback = function(args)
      M.attach(args.buf, config)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.attach(bufnr, config)
    end
  end
end

function M.setup(opts)
  local config = merged(opts)
  M.config = config
  if vim.lsp.config and vim.lsp.enable and not config.legacy then
    setup_native(config)
  else
    setup_autocmds(config)
  end
end

--- Applies kpa's quick fix for the finding under the cursor (the preferred one, else the first), through the
--- LSP client: textDocument/codeAction with the line's diagnostics, then the returned WorkspaceEdit.
--- Works on every supported Neovim (vim.lsp.buf.code_action's `apply` option needs 0.8).
--- Returns the title of the applied fix, or nil.
function M.apply_quick_fix(bufnr, timeout_ms)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local line = vim.api.nvim_win_get_cursor(0)[1] - 1
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, line), only = { 'quickfix' } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout_ms or 5000) or {}
  for client_id, response in pairs(responses) do
    local client = vim.lsp.get_client_by_id(client_id)
    if client and client.name == 'kpa' and response.result then
      local chosen
      for _, action in ipairs(response.result) do
        if action.edit and (action.isPreferred or not chosen) then
          chosen = action
        end
      end
      if chosen then
        vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
        return chosen.title
      end
    end
  end
  return nil
end

return M
