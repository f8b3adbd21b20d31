using System.Text.Json;
using Studio.Data.Members;

namespace Studio.Web.Seeding;

/// <summary>Reads seeds/members/demo-members.json: <c>{"members": [{id, phone, name, surname, title, tier, city, store, tags, attributes}]}</c>.</summary>
public static class DemoMembers
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<MemberInput> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        DemoMembersFile? file;
        try
        {
            file = JsonSerializer.Deserialize<DemoMembersFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a demo members file ({ex.Message})", ex);
        }
        var members = file?.Members ?? [];
        for (var i = 0; i < members.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(members[i].Id))
            {
                throw new InvalidDataException($"{path}: $.members[{i}] has no 'id'");
            }
        }
        return members;
    }

    private sealed record DemoMembersFile(List<MemberInput>? Members);
}
