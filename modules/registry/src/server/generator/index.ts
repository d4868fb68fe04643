export { generatePopulation, householdDrafts, isRuralVillage, villageShortName } from './population.ts';
export type { GenerateOptions, GeneratedHousehold, GeneratedMember, GeneratedPerson, PopulationChunk, Village } from './population.ts';
export { seedPopulation, seedDemoPopulation, loadVillages, DEMO_POPULATION, GENERATED_SOURCE } from './seed.ts';
export type { SeedOptions, SeedResult } from './seed.ts';
