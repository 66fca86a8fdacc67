namespace Dmarc.Tests.Shared;

/// <summary>
/// Finds the repository root and the shared corpus: <c>../shared/corpus</c> beside the clone,
/// or under the folder named by the DMARC_SHARED_DIR environment variable.
/// </summary>
internal static class RepoPaths
{
    public const string SharedDirVariable = "DMARC_SHARED_DIR";

    public static string Root { get; } = FindRoot();

    public static string Corpus { get; } = FindCorpus();

    public static string CorpusFile(params string[] parts) => Path.Combine([Corpus, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindCorpus()
    {
        var shared = Environment.GetEnvironmentVariable(SharedDirVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Root, "..", "shared");
        var corpus = Path.GetFullPath(Path.Combine(shared, "corpus"));
        return Directory.Exists(corpus)
            ? corpus
            : throw new DirectoryNotFoundException($"The shared corpus is not at {corpus}: put shared/ beside the clone or set {SharedDirVariable}.");
    }
}
