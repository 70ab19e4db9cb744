/**
 * Copies whole IndexedDB databases out and back in through the standard API: matrix-js-sdk's Rust crypto keeps
 * its store in IndexedDB, which Node only has in memory (fake-indexeddb); this is how it reaches the disk.
 */
type IndexDump = { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean };
type StoreDump = {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: IndexDump[];
  keys: IDBValidKey[];
  values: unknown[];
};
export type DatabaseDump = { name: string; version: number; stores: StoreDump[] };

/**
 * Installs fake-indexeddb as the global IndexedDB (the Rust crypto store looks up `indexedDB` and `IDBKeyRange`
 * there), unless the runtime has one of its own.
 */
export async function ensureIndexedDb(): Promise<IDBFactory> {
  if (!globalThis.indexedDB) {
    const fake = await import("fake-indexeddb");
    const globals = {
      indexedDB: fake.indexedDB,
      IDBCursor: fake.IDBCursor,
      IDBCursorWithValue: fake.IDBCursorWithValue,
      IDBDatabase: fake.IDBDatabase,
      IDBFactory: fake.IDBFactory,
      IDBIndex: fake.IDBIndex,
      IDBKeyRange: fake.IDBKeyRange,
      IDBObjectStore: fake.IDBObjectStore,
      IDBOpenDBRequest: fake.IDBOpenDBRequest,
      IDBRequest: fake.IDBRequest,
      IDBTransaction: fake.IDBTransaction,
      IDBVersionChangeEvent: fake.IDBVersionChangeEvent,
    };
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }
  }
  return globalThis.indexedDB;
}

/** One consistent copy per database (a read-only transaction over all its stores) of those named `prefix…`. */
export async function dumpDatabases(factory: IDBFactory, prefix: string): Promise<DatabaseDump[]> {
  const names = (await factory.databases()).map((info) => info.name ?? "").filter((name) => name.startsWith(prefix));
  const dumps: DatabaseDump[] = [];
  for (const name of names.sort()) {
    const db = await request(factory.open(name));
    try {
      dumps.push({ name, version: db.version, stores: await dumpStores(db) });
    } finally {
      db.close();
    }
  }
  return dumps;
}

async function dumpStores(db: IDBDatabase): Promise<StoreDump[]> {
  const storeNames = [...db.objectStoreNames];
  if (storeNames.length === 0) return [];
  const transaction = db.transaction(storeNames, "readonly");
  return Promise.all(
    storeNames.map(async (storeName) => {
      const store = transaction.objectStore(storeName);
      const indexes = [...store.indexNames].map((indexName) => {
        const index = store.index(indexName);
        return { name: indexName, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      });
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      return { name: storeName, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, keys, values };
    }),
  );
}

/**
 * Recreates the databases exactly (same versions, stores, indexes and records) under `prefix` instead of the one
 * they were dumped with: a name still held open by an earlier session in this process is never touched.
 */
export async function restoreDatabases(
  factory: IDBFactory,
  dumps: readonly DatabaseDump[],
  rename: { from: string; to: string },
): Promise<void> {
  for (const dump of dumps) {
    const opening = factory.open(rename.to + dump.name.slice(rename.from.length), dump.version);
    opening.onupgradeneeded = () => {
      for (const storeDump of dump.stores) {
        const store = opening.result.createObjectStore(storeDump.name, {
          keyPath: storeDump.keyPath,
          autoIncrement: storeDump.autoIncrement,
        });
        for (const index of storeDump.indexes)
          store.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
      }
    };
    const db = await request(opening);
    try {
      const storeNames = dump.stores.map((store) => store.name);
      if (storeNames.length === 0) continue;
      const transaction = db.transaction(storeNames, "readwrite");
      for (const storeDump of dump.stores) {
        const store = transaction.objectStore(storeDump.name);
        storeDump.values.forEach((value, i) =>
          storeDump.keyPath === null ? store.put(value, storeDump.keys[i]) : store.put(value),
        );
      }
      await new Promise<void>((resolve, reject) => {
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error ?? new Error("indexeddb restore failed"));
      });
    } finally {
      db.close();
    }
  }
}

/** Frees the memory of a stopped session's databases; done in the background, once their last connection closes. */
export async function discardDatabases(factory: IDBFactory, prefix: string): Promise<void> {
  for (const info of await factory.databases()) {
    if (info.name?.startsWith(prefix)) factory.deleteDatabase(info.name);
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("indexeddb request failed"));
  });
}
