// Health model: pure folding/evaluation plus the stateful engine around it.
export { createHealthEngine, type HealthEngine, type HealthEngineOptions } from './engine.ts'
export { applyEvent, evaluate, nextChangeAt } from './evaluate.ts'
export { foldEvent } from './fold.ts'
export { TARGET_HEALTH, transitionsBetween } from './transitions.ts'
export { workspaceHealth } from './workspace.ts'
