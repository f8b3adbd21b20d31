using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Studio.Core.Testing.Stories;

/// <summary>Writes stories files in the format <see cref="StoryRunner.Parse"/> reads (docs/stories.md).</summary>
public static class StoryWriter
{
    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases()
        .WithAttributeOverride<StoryStep>(s => s.HasInput, new YamlIgnoreAttribute())
        .Build();

    public static string Write(StoryFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Yaml.Serialize(file);
    }

    /// <summary>
    /// Adds a story to a stories file (null or empty: a new file). A name already taken gets a number
    /// (用例 → 用例 2), since the runner refuses duplicates. Comments of the existing file are not kept.
    /// Throws <see cref="StoryFormatException"/> when the existing file cannot be read.
    /// </summary>
    public static string Append(string? existingYaml, Story story)
    {
        ArgumentNullException.ThrowIfNull(story);
        var file = string.IsNullOrWhiteSpace(existingYaml) ? new StoryFile() : StoryRunner.Parse(existingYaml);
        story.Name = UniqueName(file, story.Name);
        file.Stories.Add(story);
        return Write(file);
    }

    public static string UniqueName(StoryFile file, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        var taken = file.Stories.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(name))
        {
            return name;
        }
        for (var i = 2; ; i++)
        {
            var candidate = $"{name} {i}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
