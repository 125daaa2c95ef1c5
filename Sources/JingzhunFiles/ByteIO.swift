import Foundation

/// Reads a file in fixed-size chunks.
final class FileChunkReader {
    private let handle: FileHandle
    private let chunkSize: Int

    init(url: URL, chunkSize: Int = 1 << 16) throws {
        handle = try FileHandle(forReadingFrom: url)
        self.chunkSize = chunkSize
    }

    /// The next chunk, or nil at the end of the file.
    func read() throws -> [UInt8]? {
        guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { return nil }
        return [UInt8](data)
    }

    func seek(to offset: UInt64) throws {
        try handle.seek(toOffset: offset)
    }

    deinit { try? handle.close() }
}

/// Collects bytes and writes them to a file handle in large blocks.
final class BufferedOutput {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private var buffer: [UInt8] = []
    private let limit: Int
    private(set) var isClosed = false

    init(handle: FileHandle, ownsHandle: Bool, limit: Int = 1 << 18) {
        self.handle = handle
        self.ownsHandle = ownsHandle
        self.limit = limit
        buffer.reserveCapacity(limit + 4096)
    }

    /// Creates (or truncates) the file at `url`.
    convenience init(creating url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        self.init(handle: try FileHandle(forWritingTo: url), ownsHandle: true)
    }

    func write(_ string: String) throws {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= limit { try flush() }
    }

    func write(bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and closes the handle if this object opened it.
    func close() throws {
        guard !isClosed else { return }
        isClosed = true
        try flush()
        if ownsHandle { try handle.close() }
    }

    deinit {
        if !isClosed, ownsHandle { try? handle.close() }
    }
}

/// A fresh private directory under the system temporary directory, removed by `remove()` or on deinit.
final class TemporaryDirectory {
    let url: URL
    private var removed = false

    init(prefix: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(at: url)
    }

    deinit { remove() }
}
