-- Loaded into the Qt Wireshark GUI by bench/gui/wireshark_open.py (-X lua_script:THIS):
-- a postdissector that writes one line to stdout when the file's last frame (its number in
-- PXESCOPE_FRAMES) is dissected in the first pass, the pass Wireshark makes over every frame
-- when it opens a file. pinfo.visited tells the first pass from later redissections (the
-- rows it paints), so the line comes once.
local last = tonumber(os.getenv("PXESCOPE_FRAMES") or "")
if not last then
  io.stderr:write("wireshark_loaded.lua: PXESCOPE_FRAMES (the file's frame count) is not set\n")
  return
end
local probe = Proto("pxescope_loaded", "pxescope benchmark: first pass over")
function probe.dissector(_, pinfo, _)
  if not pinfo.visited and pinfo.number == last then
    io.stdout:write("PXESCOPE_FIRST_PASS_DONE ", pinfo.number, "\n")
    io.stdout:flush()
  end
end
register_postdissector(probe)
