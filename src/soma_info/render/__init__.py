"""Rendering: a ``Document`` (built by ``soma_info.views``) into text. Nothing here reads a file.

``plain``, ``markdown`` and ``jsonout`` use only the standard library, so the lookup path stays fast;
``styled`` draws the terminal layout with Rich.
"""
