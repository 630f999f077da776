export * from './org.js';
export * from './auth.js';
export * from './events.js';
export * from './hazards.js';
export * from './meetings.js';
export * from './risks.js';
