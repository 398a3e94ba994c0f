"""The collection's pages, by audience: readers (``public``), the coordinator's editions
(``manage``) and the stakeholder map and dissemination (``stakeholders``)."""
