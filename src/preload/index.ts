// Preload placeholder: window.monitor over IPC arrives with the desktop shell.
export {}
