// The network map as a Streamlit component (st.components.v2). pages/network_component.py
// puts conference/network/render.py's MAP_SCRIPT (which defines cercleMap) above this file
// and registers the whole as the component's module.
//
// vis-network is NOT in this module: it is loaded once per browser tab with a <script>
// tag from Streamlit's component file route (pyvis's own file), and kept on window.vis.
// Streamlit calls the default export again, with the same parentElement, whenever the
// data changes: the map is then updated in place (the view does not jump), not rebuilt.

const MAPS = new WeakMap();

function loadVis(url) {
  if (window.vis && window.vis.Network) {
    return Promise.resolve(window.vis);
  }
  if (!window.__cercleVisLoading) {
    window.__cercleVisLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.addEventListener("load", () => resolve(window.vis));
      script.addEventListener("error", () => {
        window.__cercleVisLoading = null;
        script.remove();
        reject(new Error("vis-network could not be loaded"));
      });
      document.head.appendChild(script);
    });
  }
  return window.__cercleVisLoading;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const started = performance.now();
  const root = parentElement.querySelector(".cercle-map");
  const payload = JSON.parse(data.payload);
  root.setAttribute("aria-label", data.aria);
  const status = parentElement.querySelector(".cercle-status");
  if (!MAPS.has(parentElement)) {
    status.textContent = payload.texts.loading;
  }
  loadVis(data.vis)
    .then((vis) => {
      let map = MAPS.get(parentElement);
      if (map && map.editable !== !!data.editable) {
        map.destroy();
        MAPS.delete(parentElement);
        map = null;
      }
      if (!map) {
        map = cercleMap(root, payload, {
          vis,
          editable: !!data.editable,
          wheelZoom: false,
          onMoved: (move) => setTriggerValue("moved", move),
          onPicked: (id) => setTriggerValue("picked", id),
          onDrawn: (ms, first) => {
            if (first) {
              root.setAttribute("data-first-draw-ms", String(Math.round(performance.now() - started)));
            }
          },
        });
        map.editable = !!data.editable;
        MAPS.set(parentElement, map);
        root.cercleMap = map; // for the browser tests (the node positions on screen)
      } else {
        map.update(payload);
      }
      status.textContent = "";
    })
    .catch(() => {
      status.textContent = payload.texts.failed;
    });
  return () => {
    const map = MAPS.get(parentElement);
    if (map) {
      map.destroy();
      MAPS.delete(parentElement);
    }
  };
}
