import { LitElement, html } from "lit";

/** Temporary root until the client lands (issue 5): shows that the server is up. */
class HearthApp extends LitElement {
  render() {
    return html`<p>Hearth is running.</p>`;
  }
}
customElements.define("hearth-app", HearthApp);
