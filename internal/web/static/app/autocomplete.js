// A searchable organisation field: progressive enhancement of a <select>
// inside [data-module="app-autocomplete"]. Without JavaScript the select
// works as it is. With it, a text input following the WAI-ARIA 1.2
// combobox pattern (list autocomplete, aria-activedescendant) filters the
// select's options as the person types; the select stays in the form,
// hidden, and carries the chosen value.
const MAX_SHOWN = 30;
let counter = 0;

export function enhanceSelects(root) {
  root.querySelectorAll('[data-module="app-autocomplete"] select').forEach(enhance);
}

function enhance(select) {
  if (select.dataset.enhanced) return;
  select.dataset.enhanced = "true";
  const n = ++counter;
  const options = Array.from(select.options)
    .filter((o) => o.value !== "")
    .map((o) => ({ value: o.value, label: o.textContent.trim() }));

  const wrapper = document.createElement("div");
  wrapper.className = "app-autocomplete";
  const input = document.createElement("input");
  input.type = "text";
  input.className = "govuk-input app-autocomplete__input";
  if (select.classList.contains("govuk-select--error")) input.classList.add("govuk-input--error");
  // The input takes the select's id, so its label and the error summary's
  // link land on it.
  input.id = select.id;
  select.id = select.id + "-select";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");
  input.setAttribute("spellcheck", "false");
  const listID = "app-autocomplete-list-" + n;
  input.setAttribute("aria-controls", listID);
  const hintID = "app-autocomplete-hint-" + n;
  const described = [select.getAttribute("aria-describedby"), hintID].filter(Boolean).join(" ");
  input.setAttribute("aria-describedby", described);
  const chosen = select.options[select.selectedIndex];
  input.value = chosen && chosen.value !== "" ? chosen.textContent.trim() : "";

  const hint = document.createElement("span");
  hint.id = hintID;
  hint.className = "govuk-visually-hidden";
  hint.textContent = "Type to search; use the up and down arrows to choose, and Enter to select.";
  const list = document.createElement("ul");
  list.id = listID;
  list.className = "app-autocomplete__list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching organisations");
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  select.hidden = true;
  select.setAttribute("aria-hidden", "true");
  select.tabIndex = -1;
  select.parentNode.insertBefore(wrapper, select);
  wrapper.append(input, hint, list, status, select);

  let shown = [];
  let active = -1;
  // Set when Enter picked an option: some key event sources send the
  // Enter's keypress separately, and that must not submit the form either.
  let pickedByEnter = false;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    list.querySelectorAll("[role=option]").forEach((li, j) => {
      li.setAttribute("aria-selected", j === i ? "true" : "false");
      li.classList.toggle("app-autocomplete__option--focused", j === i);
      if (j === i) {
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      }
    });
  };
  const choose = (opt) => {
    select.value = opt.value;
    input.value = opt.label;
    close();
  };
  const render = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = options.filter((o) => words.every((w) => o.label.toLowerCase().includes(w)));
    shown = matches.slice(0, MAX_SHOWN);
    list.replaceChildren(
      ...shown.map((o, i) => {
        const li = document.createElement("li");
        li.id = listID + "-" + i;
        li.className = "app-autocomplete__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = o.label;
        // mousedown, not click: it fires before the input loses focus.
        li.addEventListener("mousedown", (e) => {
          e.preventDefault();
          choose(o);
        });
        return li;
      }),
    );
    list.hidden = shown.length === 0;
    input.setAttribute("aria-expanded", shown.length ? "true" : "false");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    status.textContent =
      matches.length === 0
        ? "No organisation matches"
        : matches.length + (matches.length === 1 ? " organisation matches" : " organisations match") +
          (matches.length > shown.length ? "; the first " + shown.length + " are listed" : "");
  };

  input.addEventListener("input", () => {
    // Typing replaces the choice until an option is picked again.
    const exact = options.find((o) => o.label.toLowerCase() === input.value.trim().toLowerCase());
    select.value = exact ? exact.value : "";
    render();
  });
  input.addEventListener("focus", () => {
    if (input.value === "") render();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (list.hidden) render();
      if (shown.length) highlight(Math.min(active + 1, shown.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (shown.length) highlight(Math.max(active - 1, 0));
    } else if (e.key === "Enter") {
      if (!list.hidden && active >= 0) {
        e.preventDefault(); // choose, rather than submit the form
        pickedByEnter = true;
        choose(shown[active]);
      }
    } else if (e.key === "Escape") {
      if (!list.hidden) {
        e.preventDefault();
        close();
      }
    }
  });
  input.addEventListener("keypress", (e) => {
    if (e.key === "Enter" && pickedByEnter) e.preventDefault();
    pickedByEnter = false;
  });
  input.addEventListener("keyup", () => {
    pickedByEnter = false;
  });
  input.addEventListener("blur", close);
}
