-- Run by test/e2e/clients-neovim.test.ts: the Neovim >= 0.11 branch of setup(), in the Neovim installed here,
-- with vim.lsp.config/vim.lsp.enable recorded instead of acted on (those functions only exist from 0.11).
-- Writes what setup() registered, and what its root_dir decides for three buffers, as JSON to $KPA_RESULT.
local env = vim.env
vim.opt.runtimepath:prepend(env.KPA_NVIM_PLUGIN)
local result = {}
local ok, err = pcall(function()
  local registered, enabled = {}, {}
  vim.lsp.config = function(name, config)
    registered[name] = config
  end
  vim.lsp.enable = function(name)
    table.insert(enabled, name)
  end
  require('kpa').setup({ cmd = { 'kpa-under-test', 'lsp', '--stdio' }, settings = { kpa = { arch = 'arm64' } } })
  local config = registered.kpa
  result.enabled = enabled
  result.cmd = config.cmd
  result.filetypes = config.filetypes
  result.settings = config.settings
  result.init_options = config.init_options
  result.roots = {}
  for _, rel in ipairs({ 'plugin/main.go', 'go.sum', 'krakend.json', 'package.json' }) do
    local path = env.KPA_ROOT .. '/' .. rel
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local bufnr = vim.api.nvim_get_current_buf()
    local root = vim.NIL
    config.root_dir(bufnr, function(dir)
      root = dir
    end)
    result.roots[rel] = { root = root, language_id = config.get_language_id(bufnr, vim.bo[bufnr].filetype) }
  end
  -- lsp/kpa.lua, what vim.lsp.enable('kpa') reads from 'runtimepath' without setup().
  local runtime_config = dofile(env.KPA_NVIM_PLUGIN .. '/lsp/kpa.lua')
  result.runtime_cmd = runtime_config.cmd
end)
result.error = ok and vim.NIL or tostring(err)
local f = assert(io.open(env.KPA_RESULT, 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qa!')
