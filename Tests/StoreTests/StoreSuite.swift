import Testing

/// Every Store test runs inside this suite, one at a time: the memory test measures the
/// process's peak resident size, which a concurrently running 20 MiB test would spoil,
/// and the suite stays well under 20 s serially.
@Suite(.serialized) enum StoreSuite {}
