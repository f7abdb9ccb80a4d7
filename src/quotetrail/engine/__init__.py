"""The attribution engine: quotation segmentation, cues, sources, speakers, venues."""
