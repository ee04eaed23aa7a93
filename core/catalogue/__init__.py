"""Other libraries' catalogues: who holds a work (SRU union catalogues, MARCXML or Dublin Core) and what exactly it
is (the record found, or Crossref's for a DOI), looked up in the background after an ILL request is registered.

    settings     the [[catalogue]] targets and [crossref] of the configuration
    records      a catalogue record, read from MARCXML (pymarc) or Dublin Core
    sru          one SRU searchRetrieve: the CQL queries and the answer read
    crossref     a DOI's record from Crossref's REST API
    search       every target at once, each within its timeout; holding libraries ranked
    completion   the patron's reference completed and corrected from the record, with where each field came from
    lookups      the durable queue of look-ups, the background worker, and the staff message that follows
"""
