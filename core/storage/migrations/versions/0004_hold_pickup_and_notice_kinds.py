"""a filled hold waits at the desk until a day; notice kinds up to 32 characters; pending notices by patron

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-02 09:00:00

A check-in that fills a hold now records when the item became ready for its patron (`holds.ready_at`) and the
last day it waits at the desk (`holds.pickup_by`, `library.hold_pickup_days` later); the staff digest lists holds
still uncollected after that day. `notices.kind` grows from 16 to 32 characters for the ILL letters of staff
events (`ill_renewal_granted`, …); PostgreSQL enforces the length, SQLite does not. Letters gather a patron's
notices, so a pass takes the pending ones in patron order: `ix_notices_pending_patron`, partial on
`dispatched_at IS NULL`, gives them in that order without sorting the whole backlog each batch
(bench/bench_notices.py).
"""
from alembic import op
import sqlalchemy as sa
import core.storage.types


revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


PENDING = sa.text('dispatched_at IS NULL')


def upgrade() -> None:
    op.create_index('ix_notices_pending_patron', 'notices', ['patron_id', 'id'], unique=False,
                    sqlite_where=PENDING, postgresql_where=PENDING)
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ready_at', core.storage.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('pickup_by', sa.Date(), nullable=True))
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=16), type_=sa.String(length=32),
                              existing_nullable=False)


def downgrade() -> None:
    op.drop_index('ix_notices_pending_patron', table_name='notices')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=32), type_=sa.String(length=16),
                              existing_nullable=False)
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.drop_column('pickup_by')
        batch_op.drop_column('ready_at')
