-- Run by test/e2e/clients-neovim.test.ts in headless Neovim (`nvim --headless --clean -c 'luafile …'`).
-- Opens the fixture plugin, waits for kpa's KPA101 through the client, applies the quick fix through the
-- client, writes the buffer, waits for the finding to go, and writes what it saw as JSON to $KPA_RESULT.
-- Environment: KPA_NVIM_PLUGIN (clients/neovim), KPA_CMD (JSON array), KPA_FILE, KPA_RESULT.
local env = vim.env
vim.opt.runtimepath:prepend(env.KPA_NVIM_PLUGIN)
local result = { nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch) }

local function finish(err)
  result.error = err
  local f = assert(io.open(env.KPA_RESULT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local function kpa_findings(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'kpa' then
      table.insert(out, { code = d.code, lnum = d.lnum, col = d.col, message = d.message })
    end
  end
  return out
end

local function has_code(bufnr, code)
  for _, d in ipairs(kpa_findings(bufnr)) do
    if d.code == code then
      return d
    end
  end
  return nil
end

local function attached_names(bufnr)
  local names = {}
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    table.insert(names, client.name)
  end
  return names
end

local ok, err = pcall(function()
  local kpa = require('kpa')
  kpa.setup({
    cmd = vim.fn.json_decode(env.KPA_CMD),
    settings = { kpa = { krakendVersion = '2.13', flavour = 'alpine', arch = 'amd64' } },
  })
  vim.cmd('edit ' .. vim.fn.fnameescape(env.KPA_FILE))
  local bufnr = vim.api.nvim_get_current_buf()

  result.waited_ms = vim.loop.now()
  if not vim.wait(30000, function() return has_code(bufnr, 'KPA101') ~= nil end, 50) then
    error('no KPA101 from kpa within 30 s; findings: ' .. vim.inspect(kpa_findings(bufnr)))
  end
  result.waited_ms = vim.loop.now() - result.waited_ms
  result.before = kpa_findings(bufnr)
  result.attached = attached_names(bufnr)

  local finding = has_code(bufnr, 'KPA101')
  vim.api.nvim_win_set_cursor(0, { finding.lnum + 1, finding.col })
  result.fix = kpa.apply_quick_fix(bufnr, 10000)
  if not result.fix then
    error('kpa offered no quick fix with an edit at line ' .. (finding.lnum + 1))
  end
  vim.cmd('write')

  if not vim.wait(20000, function() return has_code(bufnr, 'KPA101') == nil end, 50) then
    error('KPA101 still reported after the fix: ' .. vim.inspect(kpa_findings(bufnr)))
  end
  result.after = kpa_findings(bufnr)
  result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'

  -- The name filter: go.mod is kpa's, an arbitrary JSON file is not.
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.fnamemodify(env.KPA_FILE, ':h:h') .. '/go.mod'))
  result.gomod_attached = attached_names(vim.api.nvim_get_current_buf())
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.fnamemodify(env.KPA_FILE, ':h:h') .. '/package.json'))
  result.other_json_attached = attached_names(vim.api.nvim_get_current_buf())
end)

finish(ok and vim.NIL or tostring(err))
