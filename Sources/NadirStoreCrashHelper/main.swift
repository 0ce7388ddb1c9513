// A child process for the store's crash tests: it imports an SDTM directory into a study
// database and reports progress from inside the import transaction, so that the test can kill
// it with SIGKILL at a known point mid-write and check what survives.
//
//   NadirStoreCrashHelper DB DIR READER ADMIN
import Foundation
import NadirStore

/// One line to stdout, unbuffered (write(2)), so the parent sees it before any kill.
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

let args = CommandLine.arguments
guard args.count == 5 else {
    FileHandle.standardError.write(Data("usage: NadirStoreCrashHelper DB DIR READER ADMIN\n".utf8))
    exit(2)
}
do {
    let store = try ReadingStore.open(path: args[1], clock: .system)
    say("opened")
    let summary = try store.importSDTM(tuPath: args[2] + "/TU.csv", trPath: args[2] + "/TR.csv", dmPath: args[2] + "/DM.csv",
                                       reader: args[3], submit: true, by: args[4]) { n in
        say("progress \(n)")
    }
    say("committed \(summary.measurements)")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
