import Foundation
import Hummingbird
import Logging
import NIOPosix
import Policies
import Recruiting

/// `recruit serve`: the team's web workspace on the same database as every command.
public struct WebServer: Sendable {
    /// How the server listens and what it tells browsers.
    public struct Options: Sendable {
        public var bind: String
        public var port: Int
        /// Mark cookies `Secure`: for running behind a proxy that serves the workspace over TLS.
        public var secureCookies: Bool
        /// Read the sign-in throttle's address from the last `X-Forwarded-For` entry (the one the proxy in front
        /// added) instead of the connection's, which behind a proxy is always the proxy's.
        public var trustProxy: Bool
        /// Database connections (and threads for database work) serving requests at once.
        public var connections: Int
        /// The day the pages take as today; nil for the real date in the agency's time zone. Tests fix it so that
        /// the sample agency's queue is the same whatever day they run.
        public var fixedToday: Day?

        public init(bind: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, trustProxy: Bool = false,
                    connections: Int = 8, fixedToday: Day? = nil) {
            self.trustProxy = trustProxy
            self.bind = bind
            self.port = port
            self.secureCookies = secureCookies
            self.connections = connections
            self.fixedToday = fixedToday
        }
    }

    let options: Options
    let store: Store
    let uploads = Uploads()
    let logger: Logger

    /// A server on `connection`'s database (its schema already up to date), with a pool of further connections.
    public init(connection: Connection, options: Options, logger: Logger = Logger(label: "recruit.web")) {
        self.options = options
        let threads = NIOThreadPool(numberOfThreads: options.connections)
        threads.start()
        store = Store(threads: threads, pool: ConnectionPool(first: connection, size: options.connections),
                      cache: QueueCache(changes: DataChanges(conninfo: connection.conninfo)))
        self.logger = logger
    }

    /// The router of every page, with its middleware, and the list of its routes with who may use each.
    static func routes(store: Store, uploads: Uploads, options: Options, logger: Logger) -> (Router<WebContext>, [RouteSpec]) {
        let router = Router(context: WebContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: SessionMiddleware(store: store))
        var routes = Routes(router: router)
        WebApp(store: store, uploads: uploads, options: options).register(&routes)
        return (router, routes.specs)
    }

    /// The routes this server serves, with who may use each (built, not served).
    var routeTable: [RouteSpec] { WebServer.routes(store: store, uploads: uploads, options: options, logger: logger).1 }

    /// Serves until SIGTERM or SIGINT, then finishes the requests under way and stops.
    /// - Parameter onListening: called with the port once the server listens (port 0 asks for a free one).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let (router, _) = WebServer.routes(store: store, uploads: uploads, options: options, logger: logger)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.bind, port: options.port), serverName: "recruit"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        store.cache.changes.start()
        defer {
            store.cache.changes.stop()
            uploads.removeAll()
        }
        try await app.runService()
        try await store.threads.shutdownGracefully()
    }
}
