namespace Dmarc.Tests.Shared;

/// <summary>Finds the repository root and the shared corpus (../shared/corpus beside the clone).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpus { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));

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
}
