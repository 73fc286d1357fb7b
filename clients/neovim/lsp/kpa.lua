-- Neovim >= 0.11 reads this file from 'runtimepath' for vim.lsp.enable('kpa') without any setup() call.
-- require('kpa').setup() sets the same, plus your settings; override pieces with vim.lsp.config('kpa', { … }).
local kpa = require('kpa')
return {
  cmd = kpa.default_config.cmd,
  filetypes = kpa.default_config.filetypes,
  root_markers = kpa.default_config.root_markers,
  settings = kpa.default_config.settings,
  root_dir = function(bufnr, on_dir)
    local path = vim.api.nvim_buf_get_name(bufnr)
    if kpa.wants(path) then
      on_dir(kpa.find_root(path, kpa.default_config.root_markers))
    end
  end,
}
