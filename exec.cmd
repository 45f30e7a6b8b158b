@rem Windows stand-in for the POSIX "exec" that the npm scripts start and serve begin with.
@rem (There a shell sits between npm and node and would keep npm's signals from node.)
@%*
