package schedule

// sysRenameat2 is renameat2's number on linux/amd64 (the syscall package lacks it).
const sysRenameat2 = 316
