// Loaded into decap-server (`node --require`): it listens on the Unix socket NTTV_DECAP_SOCKET, in a
// folder only this user can open, instead of a TCP port that any web page could reach through DNS
// rebinding. Only the guard (generator/editor/guard.py) talks to it.
"use strict";
const net = require("net");

const socket = process.env.NTTV_DECAP_SOCKET;
if (!socket) {
  throw new Error("NTTV_DECAP_SOCKET is not set: decap-server would listen on an open TCP port");
}
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const callback = args.find((arg) => typeof arg === "function");
  return listen.call(this, { path: socket }, callback);
};
