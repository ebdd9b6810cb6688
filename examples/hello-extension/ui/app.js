// The example extension's UI. It uses only window.ddClient, as inside Docker
// Desktop; under ddbridge the daemon's shim provides it.
const dd = window.ddClient;
const $ = (id) => document.getElementById(id);

function show(id, value, isError = false) {
  $(id).textContent = typeof value === "string" ? value : JSON.stringify(value);
  $(id).className = isError ? "error" : "";
}

function describeError(e) {
  if (e && typeof e.statusCode === "number") return `${e.name} (${e.statusCode}): ${e.message}`;
  if (e && typeof e.code === "number") return `exit ${e.code}: ${e.stderr}`;
  return String(e?.message ?? e);
}

function on(id, fn) {
  $(id).addEventListener("click", async () => {
    try {
      await fn();
    } catch (e) {
      show(id.replace("-btn", "-out"), describeError(e), true);
    }
  });
}

$("platform").textContent = `${dd.host.platform} ${dd.host.arch} (${dd.host.hostname})`;

on("hello-btn", async () => {
  const res = await dd.extension.vm.service.get("/hello");
  show("hello-out", res.message);
  dd.desktopUI.toast.success("The backend answered");
});

on("post-btn", async () => {
  const res = await dd.extension.vm.service.post("/echo", { greeting: $("post-in").value });
  show("post-out", `backend received ${res.body}`);
});

on("error-btn", async () => {
  await dd.extension.vm.service.get("/status/404");
});

on("vm-btn", async () => {
  const res = await dd.extension.vm.cli.exec("./hello.sh", ["from the UI"]);
  show("vm-out", res.stdout.trim());
});

let ticker;
on("stream-btn", async () => {
  $("stream-out").textContent = "";
  $("stream-status").textContent = "running";
  $("stop-btn").disabled = false;
  ticker = dd.extension.vm.cli.exec("./ticker.sh", [], {
    stream: {
      splitOutputLines: true,
      onOutput: (data) => {
        $("stream-out").textContent += `${data.stdout ?? data.stderr}\n`;
      },
      onError: (e) => {
        $("stream-status").textContent = `error: ${describeError(e)}`;
      },
      onClose: (code) => {
        $("stream-status").textContent = `exited with ${code}`;
      },
    },
  });
});

on("stop-btn", async () => {
  ticker?.close();
  $("stop-btn").disabled = true;
  $("stream-status").textContent = "stopped";
});

on("host-btn", async () => {
  const res = await dd.extension.host.cli.exec("hello", ["from the UI"]);
  show("host-out", res.lines().join(" / "));
});

on("v0-btn", async () => {
  const res = await window.ddClient.backend.execInVMExtension("./hello.sh 'v0 call'");
  show("v0-out", res.stdout.trim());
});
