// The demo workspace (a fake FastPix): plan, simulator, REST API, shared truth.
export type { DemoHandle, DemoOptions } from './embedded.ts'
export { startDemo } from './embedded.ts'
export { deliveryBytes } from './payloads.ts'
export { buildDemoPlan, type DemoPlanOptions } from './plan.ts'
export {
  buildDemoRestApp,
  type DemoRestFaults,
  type DemoRestOptions,
  type DemoRestServer,
  restStream,
  startDemoRest,
} from './rest.ts'
export { DEMO_CYCLE_MS } from './scenarios.ts'
export {
  type DemoDeliveryInfo,
  type DemoSimulator,
  type DemoSimulatorOptions,
  type DemoSimulatorStats,
  generateDemoSecret,
  startDemoSimulator,
} from './simulator.ts'
export type * from './types.ts'
export { applyPlanUntil, createDemoWorkspace, DemoWorkspace } from './workspace.ts'
