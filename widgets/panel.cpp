#include "panel.h"

#include "dbserver.h"

namespace PgOps {

Panel::Panel(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
{
}

void Panel::setServer(DbServer *server)
{
    m_server = server;
}

} // namespace PgOps
