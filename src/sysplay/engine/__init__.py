"""sysplay.engine: game state, turn resolution, dynamics, randomness, the causal ledger, personas."""

#: Bumped whenever the same pack, seed and moves would give different states (saves record it,
#: so a replay that does not match can say whether the engine changed).
ENGINE_VERSION = 2
