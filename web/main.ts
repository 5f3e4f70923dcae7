/** The web client's entry: design tokens on the document, then the root element. */
import { installGlobalStyles } from "./styles/themes.ts";
import "./components/hearth-app.ts";

installGlobalStyles();
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  // The offline shell; failure (e.g. an http origin that is not localhost) only costs offline support.
  window.addEventListener("load", () => navigator.serviceWorker.register("/sw.js").catch(() => {}));
}
