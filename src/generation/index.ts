/** The generated tier (issue 8): cases derived from the contract, in two phases, judged by the engine's checks. */
export { coverageCases } from './coverage-phase';
export { judgeDateTime, type DateTimeJudgement, type ValueClass } from './date-time-oracle';
export { countExercised, type GenerationExercise, type ParameterExercise } from './exercise-count';
export { parameterOf, type GenerationSource } from './failure-groups';
export { parameterSpaces, type ParameterSpace } from './parameter-space';
export { generatedProperties, PROPERTY_NAMES, type GeneratedProperty, type PropertyName } from './properties';
export {
  newSeed,
  propertySeed,
  replayCase,
  runProperty,
  runRandomPhase,
  splitBudget,
  type GeneratedFailure,
  type PropertyRun,
  type RandomPhaseOptions,
  type RandomRunOptions,
  type Send,
} from './random-phase';
export { judgeQuery, MODEST_INTERVAL, RECENT_SINCE, tierOf } from './tier-rule';
export { judgeValue } from './value-oracle';
