"""a filled hold waits at the desk until a day; notice kinds up to 32 characters

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:00:00

A check-in that fills a hold now records when the item became ready for its patron (`holds.ready_at`) and the
last day it waits at the desk (`holds.pickup_by`, `library.hold_pickup_days` later); the staff digest lists holds
still uncollected after that day. `notices.kind` grows from 16 to 32 characters for the ILL letters of staff
events (`ill_renewal_granted`, …); PostgreSQL enforces the length, SQLite does not.
"""
from alembic import op
import sqlalchemy as sa
import core.storage.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ready_at', core.storage.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('pickup_by', sa.Date(), nullable=True))
    # SQLite does not enforce a VARCHAR length, and changing it there would copy the whole notices table
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('notices', 'kind', existing_type=sa.String(length=16), type_=sa.String(length=32),
                        existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('notices', 'kind', existing_type=sa.String(length=32), type_=sa.String(length=16),
                        existing_nullable=False)
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.drop_column('pickup_by')
        batch_op.drop_column('ready_at')
