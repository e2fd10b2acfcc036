import type { Configuration } from 'electron-builder';

/**
 * Packaging (`npm run package`, electron-builder): installers for the current platform in dist/,
 * the app in an asar archive, and Electron's fuses set so that the shipped binary cannot be turned
 * into something else (tests/main/app/packaging.test.ts checks every one). No auto-update: the clinic's
 * IT deploys each version (README, "Installing the app in a clinic").
 */
const config: Configuration = {
  appId: 'no.emestring.workstation',
  productName: 'Mestring Arbeidsstasjon',
  directories: { output: 'dist', buildResources: 'build' },
  // The bundles and the resources read at run time (instrument text, programme content, message
  // templates); electron-builder adds the production node_modules itself, and unpacks their
  // native addons from the archive.
  files: ['out/**/*', 'resources/**/*', 'package.json'],
  asar: true,
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would make the signed binary a plain Node.js for any script.
    runAsNode: false,
    enableCookieEncryption: true,
    // NODE_OPTIONS and --inspect would let anyone load code into, or attach to, the main process.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Only the app's own asar, checked against the hash embedded in the binary.
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    // The renderer is served from app:// (src/main/app/app-protocol.ts), never file://.
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['deb', 'AppImage'],
    category: 'Office',
    executableName: 'mestring-arbeidsstasjon',
    maintainer: 'Mestring Arbeidsstasjon <it@example.invalid>',
  },
  deb: {
    packageName: 'mestring-arbeidsstasjon',
    artifactName: 'mestring-arbeidsstasjon_${version}_${arch}.${ext}',
  },
  win: { target: ['nsis'] },
  // Installed for every user of the computer, by an administrator: clinic-managed deployment.
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.medical', hardenedRuntime: true },
  // No update server: a new version is a new installer, rolled out by the clinic's IT.
  publish: null,
};

export default config;
