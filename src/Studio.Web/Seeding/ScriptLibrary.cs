using Microsoft.Extensions.Options;
using Studio.Core.Scripts;

namespace Studio.Web.Seeding;

/// <summary>A library script: a template marketers start from.</summary>
public sealed record ScriptTemplate(string Id, string Name, string? Description, IReadOnlyList<Channel> Channels, string Document);

/// <summary>
/// The scripts library (scripts-library/*.json): seeded as drafts on first run and offered as templates
/// when creating a script. Read once; a template that does not read cleanly is skipped with a warning.
/// </summary>
public sealed class ScriptLibrary
{
    private readonly Lazy<IReadOnlyList<ScriptTemplate>> _templates;

    public ScriptLibrary(IOptions<StudioWebOptions> options, IHostEnvironment environment, ILogger<ScriptLibrary> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = options.Value.LibraryPath;
        _templates = new Lazy<IReadOnlyList<ScriptTemplate>>(() =>
        {
            var directory = SeedPaths.Find(configured, environment.ContentRootPath);
            if (directory is null || !Directory.Exists(directory))
            {
                logger.LogWarning("The scripts library {Path} was not found: no templates", configured);
                return [];
            }
            return Load(directory, logger);
        });
    }

    public IReadOnlyList<ScriptTemplate> Templates => _templates.Value;

    public ScriptTemplate? Find(string id) => Templates.FirstOrDefault(t => t.Id == id);

    public static IReadOnlyList<ScriptTemplate> Load(string directory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var templates = new List<ScriptTemplate>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var document = File.ReadAllText(file);
            var read = ScriptJson.Read(document);
            if (read.Script is not { } script || read.Diagnostics.Any(d => d.IsError))
            {
                logger.LogWarning("Library script {File} skipped: {Problem}", Path.GetFileName(file), (read.Diagnostics.Count > 0 ? read.Diagnostics[0].ToString() : "unreadable"));
                continue;
            }
            templates.Add(new ScriptTemplate(script.Id, script.Name, script.Description, script.Channels, document));
        }
        return templates;
    }
}
