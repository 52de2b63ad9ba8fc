import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/**
 * One statement sent to the database and waited for: a query, or a transaction's BEGIN,
 * COMMIT or ROLLBACK (each of which is a round trip of its own on PostgreSQL).
 */
export type StatementObserver = (statement: string) => void;

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|start transaction)\b/i;

/**
 * The dialect, reporting every round trip to `observe` (docs/performance.md: the case page's
 * budget is counted with it in the tests and the load benchmark). The driver's transaction
 * calls are reported once each, whatever the driver sends for them; a connection's own
 * statements are reported as they are sent.
 */
export function observedDialect(dialect: Dialect, observe: StatementObserver): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => observedDriver(dialect.createDriver(), observe),
  };
}

function observedDriver(driver: Driver, observe: StatementObserver): Driver {
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (c: DatabaseConnection) => inner.get(c) ?? c;
  const wrap = (connection: DatabaseConnection): DatabaseConnection => {
    const wrapped: DatabaseConnection = {
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        // Transaction control is reported by the driver's calls below, once.
        if (!TRANSACTION_CONTROL.test(query.sql)) observe(query.sql);
        return connection.executeQuery<R>(query);
      },
      streamQuery<R>(query: CompiledQuery, chunkSize: number) {
        observe(query.sql);
        return connection.streamQuery<R>(query, chunkSize);
      },
    };
    inner.set(wrapped, connection);
    return wrapped;
  };
  return {
    init: (options) => driver.init(options),
    acquireConnection: async (options) => wrap(await driver.acquireConnection(options)),
    releaseConnection: (c, options) => driver.releaseConnection(unwrap(c), options),
    async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
      observe('begin');
      await driver.beginTransaction(unwrap(c), settings);
    },
    async commitTransaction(c: DatabaseConnection) {
      observe('commit');
      await driver.commitTransaction(unwrap(c));
    },
    async rollbackTransaction(c: DatabaseConnection) {
      observe('rollback');
      await driver.rollbackTransaction(unwrap(c));
    },
    ...(driver.savepoint
      ? {
          savepoint: (c, name, compile) => (
            observe('savepoint'),
            driver.savepoint!(unwrap(c), name, compile)
          ),
        }
      : {}),
    ...(driver.rollbackToSavepoint
      ? {
          rollbackToSavepoint: (c, name, compile) => (
            observe('rollback to savepoint'),
            driver.rollbackToSavepoint!(unwrap(c), name, compile)
          ),
        }
      : {}),
    ...(driver.releaseSavepoint
      ? {
          releaseSavepoint: (c, name, compile) => (
            observe('release savepoint'),
            driver.releaseSavepoint!(unwrap(c), name, compile)
          ),
        }
      : {}),
    destroy: (options) => driver.destroy(options),
  };
}
