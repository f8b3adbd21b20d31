using Microsoft.Extensions.Time.Testing;
using Studio.Core.Dialogs;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.Versions;
using Studio.Runtime.Publishing;

namespace Studio.Runtime.Tests.Publishing;

/// <summary>A publisher over real LiteDB stores in a temporary directory.</summary>
public sealed class PublishingFixture : IDisposable
{
    public PublishingFixture(INluModelTrainer? trainer = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "studio-runtime-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Db = new StudioDatabase(Path.Combine(Directory, "studio.db"));
        Drafts = new LiteDbScriptDraftStore(Db, Time);
        Versions = new LiteDbScriptVersionStore(Db, Time);
        Publisher = new ScriptPublisher(Drafts, Versions, trainer ?? NoNluModelTrainer.Instance, Time);
        Resolver = new CompiledScriptResolver(Versions);
    }

    public string Directory { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 11, 1, 8, 0, 0, TimeSpan.Zero));
    public StudioDatabase Db { get; }
    public LiteDbScriptDraftStore Drafts { get; }
    public LiteDbScriptVersionStore Versions { get; }
    public ScriptPublisher Publisher { get; }
    public CompiledScriptResolver Resolver { get; }

    public void Dispose()
    {
        Db.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Library
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<object[]> Scripts =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Root, "scripts-library"), "*.json").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    public static string Read(string file) => File.ReadAllText(Path.Combine(Root, "scripts-library", file));

    public static string PathOf(string file) => Path.Combine(Root, "scripts-library", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.Directory.Exists(Path.Combine(dir.FullName, "scripts-library")) && File.Exists(Path.Combine(dir.FullName, "Studio.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root (with scripts-library/) not found above " + AppContext.BaseDirectory);
    }
}
