"""Sub-commands of ``orga``. Each module has ``register(subparsers)``, which adds its parser
with ``set_defaults(handler=...)``; a handler takes the parsed args and returns an exit code."""
