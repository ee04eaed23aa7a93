"""The staff desk: a reply secret for lending requests, a folded title for finding items by their words

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 14:00:00

lend_requests.reply_secret: a staff e-mail reply moves a lending request only with the secret that its
notification carried (contracts §5), as ill_requests.approval_secret does for borrowing requests; existing rows
get one of their own. items.title_key: the title folded (lower case, no diacritics, ı→i), so that a patron who
writes "Hrvatska povijest" or "kurk mantolu madonna" finds the item for a hold.
"""
import re
import secrets
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    # as core.domain.ill.fold at the time of writing (a migration never imports the application)
    text = unicodedata.normalize("NFKD", text or "").casefold().replace("ı", "i")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text).strip()


def upgrade() -> None:
    with op.batch_alter_table('lend_requests') as batch:
        batch.add_column(sa.Column('reply_secret', sa.String(length=64), server_default='', nullable=False))
    with op.batch_alter_table('items') as batch:
        batch.add_column(sa.Column('title_key', sa.Text(), server_default='', nullable=False))
    connection = op.get_bind()
    lend = sa.table('lend_requests', sa.column('id', sa.Integer), sa.column('reply_secret', sa.String))
    for (request_id,) in connection.execute(sa.select(lend.c.id)).all():
        connection.execute(lend.update().where(lend.c.id == request_id).values(reply_secret=secrets.token_hex(8)))
    items = sa.table('items', sa.column('id', sa.Integer), sa.column('title', sa.Text), sa.column('title_key', sa.Text))
    for item_id, title in connection.execute(sa.select(items.c.id, items.c.title)).all():
        connection.execute(items.update().where(items.c.id == item_id).values(title_key=_fold(title)))


def downgrade() -> None:
    with op.batch_alter_table('items') as batch:
        batch.drop_column('title_key')
    with op.batch_alter_table('lend_requests') as batch:
        batch.drop_column('reply_secret')
