// oclif reads NODE_ENV to decide whether a stale dist/ may be used instead of src/.
process.env.NODE_ENV = 'test'
