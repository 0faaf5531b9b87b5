/* Streamlit's own words in French (docs/decisions/0014-french-for-streamlits-own-words.md).
 *
 * Cercle sets every label, placeholder and help text it can from Python. A few words are
 * written in Streamlit's JavaScript bundle with no option to change them: the search of a
 * select box ("No results"), the file uploader ("Drag and drop files here", "200MB per
 * file"), the date fields' placeholders ("dd / mm / yyyy", React Aria in en-US), the
 * "Press Enter to apply" hints and the "Connection error" dialog shown while the server
 * restarts. scripts/serve.py serves this file and loads it in every page; it translates
 * those exact texts, and only those, whenever they appear. Nothing else is touched, and no
 * request leaves the page.
 */
(function () {
  "use strict";
  if (!/^fr\b/i.test(document.documentElement.lang || "")) return;

  var EXACT = {
    "Skip to main content": "Aller au contenu principal",
    "No results": "Aucun résultat",
    "Choose an option": "Choisissez une option",
    "Choose options": "Choisissez des options",
    "Type to search": "Tapez pour chercher",
    "Clear all": "Tout effacer",
    "Select all": "Tout sélectionner",
    "Add an option": "Ajouter une option",
    "Drag and drop file here": "Glissez-déposez le fichier ici",
    "Drag and drop a file here": "Glissez-déposez un fichier ici",
    "Drag and drop files here": "Glissez-déposez les fichiers ici",
    "Browse files": "Parcourir",
    "Upload": "Choisir un fichier",
    "Add files": "Ajouter des fichiers",
    "Error uploading file": "Le fichier n'a pas pu être envoyé",
    "Error deleting file": "Le fichier n'a pas pu être retiré",
    "Connection error": "Connexion interrompue",
    "Connecting": "Connexion…",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:":
      "Cercle redémarre peut-être : patientez quelques secondes, la page se reconnecte d'elle-même. " +
      "Si cela dure, prévenez la personne qui s'occupe de Cercle.",
    "streamlit run yourscript.py": "cercle run",
    "Streamlit server is not responding. Are you connected to the internet?":
      "Le serveur de Cercle ne répond pas. Patientez quelques secondes : la page se reconnecte d'elle-même.",
    "Connection lost. Please wait for the app to reconnect, then try again.":
      "Connexion perdue. Attendez que la page se reconnecte, puis réessayez.",
    "Connection timed out.": "La connexion a expiré.",
    "Clear date": "Effacer la date",
    "Choose date": "Choisir une date",
    "Choose date range": "Choisir des dates",
    "file upload": "envoyer un fichier",
    "Clear value": "Effacer",
    "Clear all selections": "Tout effacer",
    "Running...": "En cours…",
    "Stop": "Arrêter",
  };
  var PATTERNS = [
    [/^(\d+(?:[.,]\d+)?)\s*([KMG]?)B per file$/, function (m) {
      return m[1].replace(".", ",") + "\u00a0" + ({ "": "o", K: "ko", M: "Mo", G: "Go" })[m[2]] + " par fichier";
    }],
    [/^(day|month|year), (.+)$/, function (m) {
      return ({ day: "jour", month: "mois", year: "année" })[m[1]] + ", " + m[2];
    }],
    [/^Press Enter to apply$/, function () { return "Appuyez sur Entrée pour valider"; }],
    [/^Press Enter to submit form$/, function () { return "Appuyez sur Entrée pour envoyer le formulaire"; }],
    [/^Press (Ctrl|⌘)\s*\+\s*Enter to apply$/, function (m) { return "Appuyez sur " + m[1] + "+Entrée pour valider"; }],
    [/^Press (Ctrl|⌘)\s*\+\s*Enter to submit form$/, function (m) {
      return "Appuyez sur " + m[1] + "+Entrée pour envoyer le formulaire";
    }],
  ];
  // The placeholder segments of a date field (day, month, year).
  var SEGMENTS = { dd: "jj", mm: "mm", yyyy: "aaaa", DD: "JJ", MM: "MM", YYYY: "AAAA" };

  function french(text, node) {
    var trimmed = text.trim();
    if (!trimmed) return null;
    var parent = node && node.parentElement;
    if (parent && SEGMENTS[trimmed] && parent.closest('[data-placeholder="true"], [data-placeholder]')) {
      return SEGMENTS[trimmed] === trimmed ? null : text.replace(trimmed, SEGMENTS[trimmed]);
    }
    if (Object.prototype.hasOwnProperty.call(EXACT, trimmed)) return text.replace(trimmed, EXACT[trimmed]);
    for (var i = 0; i < PATTERNS.length; i++) {
      var m = PATTERNS[i][0].exec(trimmed);
      if (m) return text.replace(trimmed, PATTERNS[i][1](m));
    }
    return null;
  }

  function fixText(node) {
    var done = french(node.nodeValue, node);
    if (done !== null && done !== node.nodeValue) node.nodeValue = done;
  }

  function fixElement(el) {
    ["placeholder", "aria-label", "title"].forEach(function (name) {
      var value = el.getAttribute && el.getAttribute(name);
      if (value) {
        var done = french(value, null);
        if (done !== null && done !== value) el.setAttribute(name, done);
      }
    });
  }

  function walk(root) {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) fixText(n); else fixElement(n);
    }
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (m) {
      if (m.type === "characterData") fixText(m.target);
      else if (m.type === "attributes") fixElement(m.target);
      else m.addedNodes.forEach(walk);
    });
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["placeholder", "aria-label", "title"],
  });
  if (document.body) walk(document.body);
})();
