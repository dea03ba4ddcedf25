using Microsoft.Data.Sqlite;

namespace CustomerioTrack.Sandbox.Storage;

/// <summary>One transaction: parameterised commands and the request's notes.</summary>
internal sealed class SandboxTx(SqliteConnection connection, SqliteTransaction transaction, long now)
{
    /// <summary>Unix milliseconds at the start of the request.</summary>
    public long Now { get; } = now;

    /// <summary>Unix seconds at the start of the request.</summary>
    public long NowSeconds => Now / 1000;

    /// <summary>What the sandbox did not apply, and why (kept in the journal).</summary>
    public SandboxNotes Notes { get; } = new();

    public SqliteCommand Command(string sql, params object?[] args)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), args[i] ?? DBNull.Value);
        }

        return command;
    }

    public int Execute(string sql, params object?[] args)
    {
        using var command = Command(sql, args);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params object?[] args)
    {
        using var command = Command(sql, args);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public long? Long(string sql, params object?[] args) => Scalar(sql, args) is { } value ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? Text(string sql, params object?[] args) => Scalar(sql, args) as string;

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params object?[] args)
    {
        using var command = Command(sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public void Savepoint(string name) => Execute("SAVEPOINT " + name);

    public void Release(string name) => Execute("RELEASE " + name);

    public void RollbackTo(string name)
    {
        Execute("ROLLBACK TO " + name);
        Execute("RELEASE " + name);
    }
}
