# -Wall -Wextra -Werror on the project's own code only (not on third-party headers).
function(pxescope_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()
