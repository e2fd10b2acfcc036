// The package's own typings are not reachable through its "exports" map under "Bundler"
// resolution; its API is better-sqlite3's, so borrow @types/better-sqlite3.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export default Database;
}
