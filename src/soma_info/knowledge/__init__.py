"""The data layer: the domain records and the knowledge file, from disk to a validated ``Monograph``.

- ``record``: the immutable record base; ``model``: the domain records (Monograph, Section, Statement, ...);
- ``sections``: canonical section keys, name normalisation; ``text``: text made safe to show;
- ``loader``: which knowledge file a run reads (the one place that decides) and in which form, read at most
  once a run; ``compiled``: the compiled form;
- ``yamlfile``: reading a YAML knowledge file (the only module that imports PyYAML); ``schema``: validating it,
  from ``shapes`` (the table of keys, and the JSON Schema, ``knowledge-file.schema.json`` beside it),
  ``checker`` (walks the YAML, collecting problems), ``monograph_parts`` (identity, sources, sections, card,
  timeline) and ``drug_parts`` (interaction classes, products, the comparison);
- ``vocabulary``: the drug-name vocabulary (``vocabulary.tsv`` beside it); ``interactions``: what a typed drug
  name stands for; ``search``: full-text search over a Monograph.

Nothing here prints, and nothing here imports the layers above it: ``views``, ``render``, ``cli``, ``fast``,
``execute``, ``commands`` (nor rich or typer). This file imports nothing, not even its own modules, so that
importing ``soma_info.knowledge.model`` costs no more than that module: PyYAML and the schema are imported only
when a YAML file is read.
"""
