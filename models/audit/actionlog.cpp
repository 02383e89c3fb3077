// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "audit/actionlog.h"

#include "db/dbserver.h"

#include <QCoreApplication>

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUuid>

namespace PgOps {

namespace {
// Enough for the in-app view; the file itself keeps everything.
constexpr qsizetype maxLoaded = 10000;

// The "phase" of a line. Lines written before attempts were recorded have none: each is a
// whole action, read as an outcome.
const QLatin1String attemptPhase("attempt");
const QLatin1String outcomePhase("outcome");

QString text(const char *source)
{
    return QCoreApplication::translate("PgOps::ActionLog", source);
}

QJsonObject toJson(const ActionTarget &t)
{
    QJsonObject o {
        {QStringLiteral("pid"), t.pid},
        {QStringLiteral("user"), t.user},
        {QStringLiteral("application"), t.application},
        {QStringLiteral("query"), t.query},
        {QStringLiteral("backend_start"), t.backendStart},
    };
    if (!t.queryStart.isEmpty())
        o.insert(QStringLiteral("query_start"), t.queryStart);
    return o;
}

ActionTarget targetFromJson(const QJsonObject &o)
{
    ActionTarget t;
    t.pid = o.value(QLatin1String("pid")).toInt();
    t.user = o.value(QLatin1String("user")).toString();
    t.application = o.value(QLatin1String("application")).toString();
    t.query = ActionLog::maskSecrets(o.value(QLatin1String("query")).toString());
    t.backendStart = o.value(QLatin1String("backend_start")).toString();
    t.queryStart = o.value(QLatin1String("query_start")).toString();
    return t;
}

QList<ActionTarget> targetsFromJson(const QJsonArray &array)
{
    QList<ActionTarget> targets;
    for (const QJsonValue &v : array)
        targets.append(targetFromJson(v.toObject()));
    return targets;
}

QByteArray line(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QString isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

// The statement as sent, its parameters written out after it.
QString sqlWithParams(const QString &sql, const QVariantList &params)
{
    if (params.isEmpty())
        return sql;
    QStringList values;
    for (const QVariant &v : params)
        values.append(v.isNull() ? QStringLiteral("NULL") : v.toString());
    return sql + QStringLiteral("  -- params: ") + values.join(QStringLiteral(", "));
}

// What the server answered for each target of a signal ("4242: signalled, 4243: moved on"), so
// the log records the answer, not the request.
QString answeredPerPid(const QueryResult &result)
{
    const int pid = result.columnIndex(QStringLiteral("pid"));
    const int outcome = result.columnIndex(QStringLiteral("outcome"));
    if (pid < 0 || outcome < 0)
        return text("ok");
    QStringList parts;
    for (const QVariantList &row : result.rows)
        parts.append(row.value(pid).toString() + QStringLiteral(": ") + row.value(outcome).toString());
    return parts.isEmpty() ? text("no targets") : parts.join(QStringLiteral(", "));
}

QString outcomeOf(const QueryResult &result)
{
    if (result.outcomeUnknown)
        return text("outcome unknown: the connection broke after the statement was sent (%1)")
            .arg(result.error.message);
    if (!result.ok())
        return toText(result.error.kind) + QStringLiteral(": ") + result.error.message;
    return answeredPerPid(result);
}
} // namespace

ActionLog::ActionLog(const QString &path, QObject *parent)
    : QObject(parent), m_path(path.isEmpty() ? defaultPath() : path)
{
    load();
}

QString ActionLog::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/actions.jsonl");
}

QString ActionLog::maskSecrets(const QString &query)
{
    // CREATE / ALTER ROLE … [ENCRYPTED] PASSWORD '…': a session running it is a fine target,
    // but the password must not end up in a file.
    // Plain, E'…' (backslash escapes) and dollar-quoted ($$…$$, $tag$…$tag$) literals.
    static const QRegularExpression password(
        QStringLiteral(R"((\bPASSWORD\s+)(?:[Ee]?'(?:[^'\\]|''|\\.)*'|(\$[A-Za-z_0-9]*\$).*?\2))"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    QString masked = query;
    return masked.replace(password, QStringLiteral("\\1'***'"));
}

void ActionLog::load()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    QHash<QString, qsizetype> attempts; // id → index of an attempt still waiting for its outcome
    while (!file.atEnd()) {
        const QByteArray raw = file.readLine().trimmed();
        if (raw.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(raw).object();
        if (o.isEmpty())
            continue; // a torn last line after a crash: skip it, keep the rest
        const QString id = o.value(QLatin1String("id")).toString();
        const QString phase = o.value(QLatin1String("phase")).toString();
        const QDateTime time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
        if (phase == outcomePhase && attempts.contains(id)) {
            ActionLogEntry &e = m_entries[attempts.take(id)];
            e.answeredAt = time;
            e.outcome = o.value(QLatin1String("outcome")).toString();
            e.ok = o.value(QLatin1String("ok")).toBool();
            e.pending = false;
            continue;
        }
        ActionLogEntry e;
        e.id = id;
        e.time = time;
        e.server = o.value(QLatin1String("server")).toString();
        e.role = o.value(QLatin1String("role")).toString();
        e.sql = o.value(QLatin1String("sql")).toString();
        e.targets = targetsFromJson(o.value(QLatin1String("targets")).toArray());
        if (phase == attemptPhase && !id.isEmpty()) {
            e.pending = true;
            attempts.insert(id, m_entries.size());
        } else {
            e.answeredAt = time;
            e.outcome = o.value(QLatin1String("outcome")).toString();
            e.ok = o.value(QLatin1String("ok")).toBool();
        }
        m_entries.append(e);
    }
    // Sent by an earlier run that ended before the answer came: nobody can know what happened.
    for (const qsizetype index : std::as_const(attempts)) {
        ActionLogEntry &e = m_entries[index];
        e.pending = false;
        e.outcome = text("outcome unknown: sent, but no answer was recorded (PgOps ended before the server "
                         "answered); check the server");
    }
    if (m_entries.size() > maxLoaded)
        m_entries.remove(0, m_entries.size() - maxLoaded);
}

void ActionLog::writeLine(const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (file.open(QIODevice::Append | QIODevice::WriteOnly) && file.write(bytes) == bytes.size()) {
        m_lastError.clear();
        return;
    }
    // The action runs (or ran) anyway; losing the record must not hide that, so keep it in memory.
    m_lastError = tr("Cannot write the action log %1: %2").arg(m_path, file.errorString());
    qCWarning(lcActionLog) << m_lastError;
}

void ActionLog::append(const ActionLogEntry &entry)
{
    ActionLogEntry e = entry;
    if (e.id.isEmpty())
        e.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.pending = false;
    if (!e.answeredAt.isValid())
        e.answeredAt = e.time;
    QJsonObject o {
        {QStringLiteral("id"), e.id},
        {QStringLiteral("phase"), QString(outcomePhase)},
        {QStringLiteral("time"), isoUtc(e.time)},
        {QStringLiteral("server"), e.server},
        {QStringLiteral("role"), e.role},
        {QStringLiteral("sql"), e.sql},
        {QStringLiteral("outcome"), e.outcome},
        {QStringLiteral("ok"), e.ok},
    };
    if (!e.targets.isEmpty()) {
        QJsonArray targets;
        for (const ActionTarget &t : std::as_const(e.targets))
            targets.append(toJson(t));
        o.insert(QStringLiteral("targets"), targets);
    }
    writeLine(line(o));
    m_entries.append(e);
    Q_EMIT appended(e);
}

QString ActionLog::recordAttempt(ActionLogEntry attempt)
{
    attempt.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    attempt.pending = true;
    attempt.outcome.clear();
    attempt.ok = false;
    attempt.answeredAt = {};
    QJsonArray targets;
    for (ActionTarget &t : attempt.targets) {
        t.query = maskSecrets(t.query);
        targets.append(toJson(t));
    }
    // Written before the statement is sent, so that a crash between sending it and its answer
    // still leaves a record that it may have run.
    writeLine(line({
        {QStringLiteral("id"), attempt.id},
        {QStringLiteral("phase"), QString(attemptPhase)},
        {QStringLiteral("time"), isoUtc(attempt.time)},
        {QStringLiteral("server"), attempt.server},
        {QStringLiteral("role"), attempt.role},
        {QStringLiteral("sql"), attempt.sql},
        {QStringLiteral("targets"), targets},
    }));
    m_entries.append(attempt);
    Q_EMIT appended(attempt);
    return attempt.id;
}

bool ActionLog::recordOutcome(const QString &id, const QString &outcome, bool ok)
{
    // Newest first: the attempt is nearly always the last entry.
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        ActionLogEntry &e = m_entries[i];
        if (e.id != id || !e.pending)
            continue;
        e.answeredAt = QDateTime::currentDateTimeUtc();
        e.outcome = outcome;
        e.ok = ok;
        e.pending = false;
        writeLine(line({
            {QStringLiteral("id"), e.id},
            {QStringLiteral("phase"), QString(outcomePhase)},
            {QStringLiteral("time"), isoUtc(e.answeredAt)},
            {QStringLiteral("server"), e.server},
            {QStringLiteral("role"), e.role},
            {QStringLiteral("sql"), e.sql},
            {QStringLiteral("outcome"), e.outcome},
            {QStringLiteral("ok"), e.ok},
        }));
        Q_EMIT updated(int(i));
        return true;
    }
    return false;
}

void ActionLog::watch(DbServer *server)
{
    connect(server, &DbServer::actionStarted, this,
            [this, server](const DbRequest &request, const QString &role, const QVariantList &targets) {
                onStarted(server, request, role, targets);
            });
    connect(server, &DbServer::actionFinished, this,
            [this, server](const QueryResult &result, const QString &role) { onFinished(server, result, role); });
    connect(server, &QObject::destroyed, this, [this, server] {
        // Whatever it still had in flight will never be answered here; the entries stay pending.
        m_pending.removeIf([server](const Pending &p) { return p.server == server; });
    });
}

void ActionLog::onStarted(const DbServer *server, const DbRequest &request, const QString &role,
                          const QVariantList &targets)
{
    ActionLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.server = server->displayName();
    e.role = role;
    e.sql = sqlWithParams(request.sql, request.params);
    for (const QVariant &t : targets)
        e.targets.append(targetFromJson(QJsonObject::fromVariantMap(t.toMap())));
    m_pending.append({server, request.sql, request.params, recordAttempt(e)});
}

void ActionLog::onFinished(const DbServer *server, const QueryResult &result, const QString &role)
{
    // A connection runs its requests in order, so the oldest announced request with this very
    // statement and these parameters is the one that answered.
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        const Pending &p = m_pending.at(i);
        if (p.server == server && p.sql == result.sql && p.params == result.params) {
            const QString id = m_pending.takeAt(i).id;
            if (recordOutcome(id, outcomeOf(result), result.ok()))
                return;
            break;
        }
    }
    ActionLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.server = server->displayName();
    e.role = role;
    e.sql = sqlWithParams(result.sql, result.params);
    e.ok = result.ok();
    e.outcome = outcomeOf(result);
    append(e);
}

} // namespace PgOps
