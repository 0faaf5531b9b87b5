"""The family network map, pure: graph, layout, analysis, exchange formats.

No database and no Streamlit here; ``conference.services.network`` loads the conference,
checks permissions and calls these functions. Every function that can show or write
the network to someone takes ``for_sharing`` and drops people flagged "not safe" or
"not to be invited" when it is True (see ``graph.network_parts``).

    from conference.network import build_graph, map_data, analyse, exchange
"""
from __future__ import annotations

from . import exchange
from .analysis import NetworkAnalysis, NetworkComparison, analyse, compare
from .graph import build_graph, network_parts, shareable_graph
from .layout import MapData, concentric_layout, map_data

__all__ = ["NetworkAnalysis", "NetworkComparison", "MapData", "analyse", "build_graph", "compare",
           "concentric_layout", "exchange", "map_data", "network_parts", "shareable_graph"]
