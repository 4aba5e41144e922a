// The subscribe page: the button beside each feed copies its RSS address, the one step a feed reader needs, with
// no right click (which a keyboard or a phone hides). Shown only where the browser lets a page write to the
// clipboard: elsewhere, and without JavaScript, the page's words say to copy the link itself.
const status = document.getElementById("copy-status");

async function copy(button) {
  const label = button.firstChild; // "Copy": the words after it are for screen readers
  try {
    await navigator.clipboard.writeText(button.dataset.address);
  } catch {
    status.textContent = "The browser did not let the page copy: right-click or long-press the RSS link instead.";
    return;
  }
  label.textContent = "Copied";
  status.textContent = `Copied the address of the ${button.dataset.name} RSS feed: paste it in your feed reader.`;
  setTimeout(() => (label.textContent = "Copy"), 4000);
}

if (navigator.clipboard && window.isSecureContext) {
  for (const button of document.querySelectorAll("button.copy-address")) {
    button.hidden = false;
    button.addEventListener("click", () => copy(button));
  }
}
