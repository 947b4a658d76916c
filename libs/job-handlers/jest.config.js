module.exports = { ...require('../../jest.preset.js'), displayName: 'job-handlers', rootDir: __dirname };
