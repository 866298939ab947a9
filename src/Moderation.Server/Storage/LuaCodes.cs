using System.Reflection;
using System.Text;
using Google.Protobuf.Reflection;
using Moderation.Contracts.V1;

namespace Moderation.Server.Storage;

/// <summary>
/// The codes C# and the Lua scripts share, named once in C#: every script starts with a local per comment status
/// (<c>COMMENT_STATUS_SPAM = '3'</c>, a string, as statuses are stored and passed) and per code of the enum it
/// returns (<c>SUBMIT_STATUS_STORED = 0</c>, a number).
/// </summary>
public static class LuaCodes
{
    public static string Prelude(Type? results)
    {
        var lua = new StringBuilder();
        foreach (var (name, value) in Constants(typeof(CommentStatus)))
        {
            lua.Append("local ").Append(name).Append(" = '").Append(value).Append("'\n");
        }
        if (results is not null)
        {
            foreach (var (name, value) in Constants(results))
            {
                lua.Append("local ").Append(name).Append(" = ").Append(value).Append('\n');
            }
        }
        return lua.ToString();
    }

    /// <summary>The Lua name and number of each member: the proto's own name for a contract enum, else <c>TYPE_MEMBER</c>.</summary>
    public static IEnumerable<(string Name, int Value)> Constants(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (
            field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? UpperSnake(enumType.Name) + "_" + UpperSnake(field.Name),
            (int)field.GetValue(null)!));

    private static string UpperSnake(string pascal)
    {
        var snake = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                snake.Append('_');
            }
            snake.Append(char.ToUpperInvariant(pascal[i]));
        }
        return snake.ToString();
    }
}
