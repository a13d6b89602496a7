"""Modal dialogs: each is a ``ModalScreen[T]`` that hands its answer back with ``dismiss``."""
